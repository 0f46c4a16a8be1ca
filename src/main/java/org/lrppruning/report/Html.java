package org.lrppruning.report;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the study pages share: escaping, relative links, the style sheet and the figure check script. */
final class Html {
    private Html() {}

    /** The warnings box (when there are any) and the hidden paragraph the figure check fills. */
    static void warnings(StringBuilder h, List<String> warnings) {
        if (!warnings.isEmpty()) {
            h.append("<div class=\"warn\"><strong>Warnings</strong><ul>\n");
            for (String w : warnings) {
                h.append("<li>").append(esc(w)).append("</li>\n");
            }
            h.append("</ul></div>\n");
        }
        h.append("<p id=\"figure-check\" class=\"warn\" hidden></p>\n");
    }

    /** The wall-times table: one row per step and a total. */
    static void steps(StringBuilder h, List<StudyReport.Step> steps) {
        if (steps.isEmpty()) {
            return;
        }
        h.append("<h3>Wall times</h3>\n<table class=\"steps\">\n<tr><th>step</th><th>seconds</th><th>details</th></tr>\n");
        double total = 0;
        for (StudyReport.Step s : steps) {
            total += s.seconds();
            h.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f", s.seconds())).append("</td><td>").append(esc(s.detail()))
                    .append("</td></tr>\n");
        }
        h.append("<tr class=\"total\"><td>total</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", total))
                .append("</td><td></td></tr>\n</table>\n");
    }

    /** A key/value table. */
    static void keyValues(StringBuilder h, Map<String, String> rows) {
        h.append("<table class=\"kv\">\n");
        for (Map.Entry<String, String> e : rows.entrySet()) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /**
     * Opens a {@code <figure>}: its title, the PNG embedded as a data URI and the caption with links to the
     * figure's files (relative to {@code dir}); the caller closes it.
     */
    static void figureStart(StringBuilder h, Path dir, StudyReport.FigureEntry f) throws IOException {
        byte[] png = Files.readAllBytes(f.png());
        h.append("<figure id=\"").append(esc(f.id())).append("\">\n<h3>").append(esc(f.title())).append("</h3>\n")
                .append("<img alt=\"").append(esc(f.title())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n<figcaption>").append(esc(f.caption()));
        if (!f.files().isEmpty()) {
            h.append(" Files:");
            for (Path p : f.files()) {
                h.append(' ').append(link(dir.relativize(p.toAbsolutePath()).toString()));
            }
        }
        h.append("</figcaption>\n");
    }

    /** A relative link; path separators become '/', each segment URL-encoded. */
    static String link(String relative) {
        String href = relative.replace('\\', '/');
        List<String> parts = new ArrayList<>();
        for (String part : href.split("/", -1)) {
            parts.add(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return "<a href=\"" + esc(String.join("/", parts)) + "\">" + esc(href) + "</a>";
    }

    /** HTML-escapes text and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static final String CSS = """
            body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #222; background: #fff; margin: 0; }
            main { max-width: 1180px; margin: 0 auto; padding: 1.2em 1.5em 3em; }
            h1 { font-size: 1.6em; margin: 0.3em 0; }
            h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
            h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
            .lead { color: #444; max-width: 60em; }
            nav { margin: 0.6em 0 1em; }
            a { color: #1a5fb4; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.88em; }
            .pair { display: flex; flex-wrap: wrap; column-gap: 1.5em; align-items: flex-start; }
            th, td { border: 1px solid #ddd; padding: 0.25em 0.55em; }
            th { background: #f3f3f3; font-weight: 600; }
            caption { text-align: left; font-weight: 600; padding: 0.2em 0; }
            table.kv th { text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .best { font-weight: 700; color: #a40000; }
            .muted { color: #777; }
            tr.total td { font-weight: 600; }
            figure { margin: 1em 0 2em; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; display: block; }
            figcaption { color: #444; font-size: 0.9em; margin-top: 0.4em; max-width: 70em; }
            .warn { background: #fff4e5; border: 1px solid #f0b400; padding: 0.5em 1em; }
            ul.files { columns: 3; font-size: 0.88em; }
            """;

    static final String SCRIPT = """
            window.addEventListener('load', function () {
              var imgs = document.querySelectorAll('figure img');
              var broken = [];
              imgs.forEach(function (img) {
                if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) {
                  broken.push(img.alt);
                }
              });
              document.body.setAttribute('data-figures', broken.length === 0
                ? 'ok ' + imgs.length : 'broken ' + broken.join('; '));
              if (broken.length > 0) {
                var p = document.getElementById('figure-check');
                p.textContent = 'These figures did not load: ' + broken.join(', ');
                p.hidden = false;
              }
            });
            """;
}
