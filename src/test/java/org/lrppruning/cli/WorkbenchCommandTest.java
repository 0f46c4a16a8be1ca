package org.lrppruning.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench} on a tiny CNN: for several settings the accuracies, parameters, MACs and removed units the API
 * answers are those {@code prune} prints when run with the command the API gives, and the ONNX the page downloads
 * is, byte for byte, the file that {@code prune} writes (which {@code info} reads). Bad options are one line.
 */
class WorkbenchCommandTest {
    @TempDir
    Path dir;

    static final String[] SETTINGS = {
        "{\"criterion\":\"lrp\",\"rate\":0.3}",
        "{\"criterion\":\"lrp\",\"composite\":\"epsilon\",\"rate\":0.4,\"perClass\":4,\"seed\":2}",
        "{\"criterion\":\"taylor\",\"perClass\":5,\"seed\":3,\"rate\":0.5,\"scope\":\"per-layer\"}",
        "{\"criterion\":\"weight\",\"count\":2}",
        "{\"criterion\":\"grad\",\"rate\":0}",
    };

    @Test
    void theApisNumbersAndDownloadAreThoseOfPruneWithTheGivenCommand() throws IOException {
        TinyCnnFiles tiny = TinyCnnFiles.in(dir, 150);
        List<String> answers = new ArrayList<>();
        List<byte[]> downloads = new ArrayList<>();
        CliRun o = CliRun.run(cl -> ((WorkbenchCommand) cl.getSubcommands().get("workbench").getCommand()).onStart =
                started -> {
                    try {
                        HttpClient c = HttpClient.newHttpClient();
                        answers.add(c.send(HttpRequest.newBuilder(started.uri().resolve("/api/model")).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                        for (String s : SETTINGS) {
                            String body = c.send(HttpRequest.newBuilder(started.uri().resolve("/api/evaluate"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(s)).build(),
                                    HttpResponse.BodyHandlers.ofString()).body();
                            answers.add(body);
                            String onnx = JsonParser.parseString(body).getAsJsonObject().get("onnx").getAsString();
                            downloads.add(c.send(HttpRequest.newBuilder(started.uri().resolve(onnx)).build(),
                                    HttpResponse.BodyHandlers.ofByteArray()).body());
                        }
                    } catch (IOException | InterruptedException e) {
                        answers.add("failed: " + e);
                    } finally {
                        started.stop().run();
                    }
                }, "workbench", "--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--data",
                tiny.data().toString(), "--test", tiny.data().toString(), "--port", "0", "--threads", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("Workbench for tiny.npz at http://127.0.0.1:").contains("Ctrl-C stops it");
        assertThat(answers).hasSize(1 + SETTINGS.length);
        JsonObject model = JsonParser.parseString(answers.get(0)).getAsJsonObject();
        assertThat(model.get("units").getAsInt()).isEqualTo(7);
        assertThat(model.getAsJsonArray("sets")).hasSize(2);

        for (int i = 0; i < SETTINGS.length; i++) {
            JsonObject a = JsonParser.parseString(answers.get(1 + i)).getAsJsonObject();
            assertThat(a.get("refused").isJsonNull()).as(answers.get(1 + i)).isTrue();
            Path out = dir.resolve("p" + i + ".onnx");
            List<String> args = new ArrayList<>(Arrays.asList(a.get("cli").getAsString().split(" ")));
            assertThat(args.remove(0)).isEqualTo("bin/lrp-pruning");
            assertThat(args.get(args.size() - 1)).isEqualTo("pruned.onnx");
            args.set(args.size() - 1, out.toString());
            CliRun p = CliRun.run(args.toArray(String[]::new));
            assertThat(p.code()).as(p.err()).isZero();
            String text = p.out();
            JsonObject test = a.getAsJsonObject("test");
            Matcher acc = Pattern.compile("accuracy --test \\((\\d+)\\)\\s+[\\d.]+ % \\((\\d+)\\)\\s+[\\d.]+ % \\((\\d+)\\)")
                    .matcher(text);
            assertThat(acc.find()).as(text).isTrue();
            assertThat(test.get("images").getAsInt()).isEqualTo(Integer.parseInt(acc.group(1)));
            assertThat(test.get("correctBefore").getAsInt()).isEqualTo(Integer.parseInt(acc.group(2)));
            assertThat(test.get("correct").getAsInt()).as(SETTINGS[i]).isEqualTo(Integer.parseInt(acc.group(3)));
            assertThat(row(text, "parameters")).containsExactly(a.getAsJsonObject("parameters").get("before").getAsLong(),
                    a.getAsJsonObject("parameters").get("after").getAsLong());
            assertThat(row(text, "MACs per sample")).containsExactly(a.getAsJsonObject("macs").get("before").getAsLong(),
                    a.getAsJsonObject("macs").get("after").getAsLong());
            for (int h = 0; h < 2; h++) {
                JsonObject set = a.getAsJsonArray("sets").get(h).getAsJsonObject();
                Matcher m = Pattern.compile("(?m)^\\s*" + h + "\\s+" + Pattern.quote(set.get("name").getAsString())
                        + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(text);
                assertThat(m.find()).as(text).isTrue();
                assertThat(set.getAsJsonArray("removed").size()).isEqualTo(Integer.parseInt(m.group(2)));
                assertThat(set.get("kept").getAsInt()).isEqualTo(Integer.parseInt(m.group(3)));
            }
            // the same units removed: the download is the very file prune wrote
            assertThat(downloads.get(i)).as(SETTINGS[i]).isEqualTo(Files.readAllBytes(out));
            CliRun info = CliRun.run("info", "--model", out.toString());
            assertThat(info.code()).as(info.err()).isZero();
        }
    }

    /** The two numbers of a before/after row of prune's table. */
    private static long[] row(String text, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+([\\d,]+)\\s+([\\d,]+)").matcher(text);
        assertThat(m.find()).as(label + " in " + text).isTrue();
        return new long[] {Long.parseLong(m.group(1).replace(",", "")), Long.parseLong(m.group(2).replace(",", ""))};
    }

    @Test
    void badOptionsAreOneLineErrors() throws IOException {
        TinyCnnFiles tiny = TinyCnnFiles.in(dir, 12);
        String[][] cases = {
            {"--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--model needs --data DATA"},
            {"--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--data", tiny.data().toString(),
                "give --test DATA"},
            {"--model", tiny.model().toString(), "--data", tiny.data().toString(), "--test", tiny.data().toString(),
                "needs --arch"},
            {"--port", "70000", "--model", tiny.model().toString(), "--arch", TinyCnnFiles.ARCH, "--data",
                tiny.data().toString(), "--test", tiny.data().toString(), "--port must be between 0 and 65535"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "workbench";
            System.arraycopy(c, 0, args, 1, c.length - 1);
            CliRun o = CliRun.run(args);
            assertThat(o.code()).as(o.err()).isEqualTo(2);
            assertThat(o.err()).contains(c[c.length - 1]);
            assertThat(o.err().strip().lines().filter(l -> !l.startsWith("Try ")).count()).as(o.err()).isEqualTo(1);
        }
    }
}
