import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.lrppruning.io.Npy;
import org.lrppruning.io.NpyArray;
import org.lrppruning.lrp.Composites;
import org.lrppruning.lrp.Explainer;
import org.lrppruning.model.Affine;
import org.lrppruning.model.BatchNorm;
import org.lrppruning.model.ChannelGroups;
import org.lrppruning.model.Layer;
import org.lrppruning.model.Network;
import org.lrppruning.onnx.OnnxModel;
import org.lrppruning.onnx.OnnxReader;
import org.lrppruning.onnx.OnnxWriter;
import org.lrppruning.prune.Pruner;
import org.lrppruning.prune.PruningPlan;

/**
 * The Java side of check_zoo.py: for every line {@code KEY ONNX X.npy y.npy truth.npy} of the manifest, reads the
 * model, compares its float64 logits with torch's, explains it (epsilon-plus-flat, float64), prunes every fourth
 * channel of every group, compares with the zeroed model and writes/reads the pruned one back; runs the model
 * written back unpruned and the pruned one in ONNX Runtime (float32 logits within 1e-4·max|logit| of ours) and
 * leaves the pruned file as {@code ONNX.pruned.onnx} for check_zoo.py's onnx.checker. Prints one
 * {@code RESULT KEY ok|fail DETAIL} line per model. Run (check_zoo.py does):
 * java -cp target/lrp-pruning.jar:ONNXRUNTIME.jar bench/zoo/ZooCheck.java M.tsv
 */
public class ZooCheck {
    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            String detail;
            boolean ok;
            try {
                detail = check(Path.of(f[1]), Path.of(f[2]), Path.of(f[3]), Path.of(f[4]));
                ok = true;
            } catch (Throwable e) {
                ok = false;
                String m = String.valueOf(e.getMessage());
                detail = e.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse(m);
            }
            System.out.println("RESULT\t" + f[0] + "\t" + (ok ? "ok" : "fail") + "\t" + detail.replace('\t', ' '));
        }
    }

    static String check(Path onnx, Path xf, Path yf, Path tf) throws Exception {
        OnnxModel m = OnnxReader.read(onnx);
        Network net = m.network();
        NpyArray xa = Npy.read(xf);
        float[] x = (float[]) xa.data();
        long[] yl = (long[]) Npy.read(yf).data();
        int[] y = Arrays.stream(yl).mapToInt(v -> (int) v).toArray();
        double[] truth = (double[]) Npy.read(tf).data();
        int n = xa.dim(0);
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        double[] logits = net.logits64(xd, n);
        double dev = relDev(logits, truth);
        if (dev > 1e-4) {
            throw new AssertionError(String.format("logits %.1e of max|logit| off torch's", dev));
        }
        int k = net.classes();
        for (int s = 0; s < n; s++) {
            if (argmax(logits, s, k) != argmax(truth, s, k)) {
                throw new AssertionError("argmax of sample " + s + " differs");
            }
        }
        Explainer ex = new Explainer(net, Composites.of("epsilon-plus-flat"), Explainer.Start.LOGIT,
                Explainer.Precision.FLOAT64);
        Explainer.Result r = ex.explain(x, y, n, 2, null);
        if (!Arrays.stream(r.input()).allMatch(Double::isFinite) || relDev(r.logits(), logits) > 1e-9) {
            throw new AssertionError("explain gave non-finite relevance or other logits");
        }
        // Σ R_input / start over the samples whose start is not 0 (a ReLU before squeezenet's logits zeroes some)
        double kept = 0;
        int started = 0;
        for (int s = 0; s < n; s++) {
            double sum = 0;
            int per = r.input().length / n;
            for (int i = 0; i < per; i++) {
                sum += r.input()[s * per + i];
            }
            if (logits[s * k + y[s]] != 0) {
                kept += sum / logits[s * k + y[s]];
                started++;
            }
        }
        kept /= started;
        ChannelGroups groups = net.channelGroups();
        int[][] plan = new int[net.prunableCount()][];
        int removed = 0;
        for (int h = 0; h < plan.length; h++) {
            int c = group(net, h).channels();
            plan[h] = java.util.stream.IntStream.range(0, c).filter(i -> i % 4 == 1).toArray();
            removed += plan[h].length;
        }
        Network pruned = Pruner.prune(net, new PruningPlan(plan));
        Network zeroed = zeroed(net, plan);
        double[] pl = pruned.logits64(xd, n);
        double pdev = relDev(pl, zeroed.logits64(xd, n));
        if (pdev > 1e-9) {
            throw new AssertionError(String.format("pruned logits %.1e off the zeroed model's", pdev));
        }
        byte[] prunedBytes = OnnxWriter.bytes(pruned, m.layout());
        Network back = OnnxReader.read(prunedBytes, "pruned.onnx").network();
        double bdev = relDev(back.logits64(xd, n), pl);
        if (bdev != 0) {
            throw new AssertionError(String.format("pruned model read back gives logits %.1e off", bdev));
        }
        Files.write(Path.of(onnx + ".pruned.onnx"), prunedBytes);
        long[] dims = new long[net.inputShape().length + 1];
        dims[0] = n;
        for (int d = 1; d < dims.length; d++) {
            dims[d] = net.inputShape()[d - 1];
        }
        double ortDev = relDev(widen(runtime(OnnxWriter.bytes(net, m.layout()), x, dims)), logits);
        double ortPruned = relDev(widen(runtime(prunedBytes, x, dims)), pl);
        if (ortDev > 1e-4 || ortPruned > 1e-4) {
            throw new AssertionError(String.format("ONNX Runtime's logits %.1e (written back) and %.1e (pruned) off ours",
                    ortDev, ortPruned));
        }
        return String.format("logits %.1e; relevance kept %.3f; %d groups (%d prunable), %d channels pruned, "
                + "parameters %d -> %d; %d layers; ONNX Runtime %.1e / pruned %.1e", dev, kept, groups.size(),
                plan.length, removed, net.parameterCount(), pruned.parameterCount(), net.layers().size(), ortDev, ortPruned);
    }

    /** The network with the plan's channels zeroed in every parameter tensor of their group. */
    static Network zeroed(Network net, int[][] plan) {
        List<Layer> layers = new ArrayList<>(net.layers());
        for (int h = 0; h < plan.length; h++) {
            for (ChannelGroups.Member mb : group(net, h).members()) {
                Layer l = layers.get(mb.layer());
                int[] ch = Arrays.stream(plan[h]).map(c -> mb.side() == ChannelGroups.Side.OUT ? c : mb.start() + c).toArray();
                if (mb.side() == ChannelGroups.Side.IN) {
                    continue; // zero inputs contribute nothing
                }
                if (l instanceof BatchNorm bn) {
                    float[] g = bn.gamma().clone();
                    float[] b = bn.beta().clone();
                    for (int c : ch) {
                        g[c] = 0;
                        b[c] = 0;
                    }
                    layers.set(mb.layer(), new BatchNorm(bn.name(), g, b, bn.mean(), bn.var(), bn.eps()));
                } else if (l instanceof Affine a) {
                    double[] w = a.weight64().clone();
                    double[] b = a.bias64() == null ? null : a.bias64().clone();
                    for (int c : ch) {
                        Arrays.fill(w, c * a.fanIn(), (c + 1) * a.fanIn(), 0);
                        if (b != null) {
                            b[c] = 0;
                        }
                    }
                    layers.set(mb.layer(), a.withParameters64(w, b));
                }
            }
        }
        return net.withLayers(layers);
    }

    /** The channel group of the h-th prunable unit set (a chain's: the group rooted at its prunable layer). */
    static ChannelGroups.Group group(Network net, int h) {
        ChannelGroups.Group g = net.group(h);
        if (g != null) {
            return g;
        }
        int root = net.prunablePositions()[h];
        return net.channelGroups().groups().stream().filter(x -> x.root() == root).findFirst().orElseThrow();
    }

    /** The model's float32 logits in ONNX Runtime (one thread). */
    static float[] runtime(byte[] model, float[] x, long[] dims) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(model, o);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
                 OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), t))) {
                float[][] y = (float[][]) r.get(0).getValue();
                float[] flat = new float[y.length * y[0].length];
                for (int i = 0; i < y.length; i++) {
                    System.arraycopy(y[i], 0, flat, i * y[0].length, y[0].length);
                }
                return flat;
            }
        }
    }

    static double[] widen(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    static double relDev(double[] got, double[] want) {
        double max = 0;
        double dev = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i]));
            dev = Math.max(dev, Math.abs(got[i] - want[i]));
        }
        return dev / max;
    }

    static int argmax(double[] v, int s, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (v[s * k + j] > v[s * k + best]) {
                best = j;
            }
        }
        return best;
    }
}
