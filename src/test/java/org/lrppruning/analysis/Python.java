package org.lrppruning.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a python3 script for cross-checks against NumPy/SciPy; null when python3 or a module is missing. */
final class Python {
    private Python() {}

    /** True if {@code python3 -c "import <modules>"} succeeds. */
    static boolean has(String modules) {
        return run("import " + modules + "\nprint('ok')", "") != null;
    }

    /** The script's stdout, or null if it could not run or failed. */
    static String run(String script, String stdin) {
        try {
            Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(false).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread drainErr = new Thread(() -> {
                try (InputStream err = p.getErrorStream()) {
                    err.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // nothing to report: only stdout matters
                }
            });
            drainErr.start();
            try (InputStream o = p.getInputStream()) {
                o.transferTo(out);
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            drainErr.join();
            return p.exitValue() == 0 ? out.toString(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
