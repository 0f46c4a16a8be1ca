package org.lrppruning.workbench;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.lrppruning.data.LabeledData;
import org.lrppruning.data.Normalization;
import org.lrppruning.web.ApiError;

/**
 * An uploaded image file (PNG, JPEG, GIF, BMP: what {@code javax.imageio} reads) as one input of the model:
 * exactly the model's height and width, grey for one channel (the mean of R, G and B) or RGB for three, bytes
 * scaled to [0, 1] and then normalised as the data is.
 */
final class Images {
    private Images() {}

    /** The image as a model input of {@code shape} (C×H×W, C = 1 or 3); a 400 naming what does not fit. */
    static float[] decode(byte[] file, int[] shape, Normalization norm) {
        if (shape.length != 3 || (shape[0] != 1 && shape[0] != 3)) {
            throw ApiError.bad("the model takes inputs of shape " + LabeledData.shapeString(shape)
                    + ", not images (1 or 3 channels × height × width)");
        }
        int c = shape[0];
        int h = shape[1];
        int w = shape[2];
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(file))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ApiError.bad("not an image file javax.imageio reads (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // the size first: a small file may declare a huge image
                if (reader.getWidth(0) != w || reader.getHeight(0) != h) {
                    throw ApiError.bad("the image is " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + ", the model takes " + w + "×" + h);
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiError a) {
                throw a;
            }
            throw ApiError.bad("the image could not be read: " + ApiError.firstLine(e.getMessage()));
        }
        Raster raster = img.getRaster();
        // a grey file's own bytes: getRGB would pass them through a colour conversion
        boolean grey = c == 1 && raster.getNumBands() <= 2 && raster.getSampleModel().getSampleSize(0) == 8;
        float[] x = new float[c * h * w];
        for (int y = 0; y < h; y++) {
            for (int i = 0; i < w; i++) {
                if (grey) {
                    x[y * w + i] = raster.getSample(i, y, 0) / 255f;
                    continue;
                }
                int rgb = img.getRGB(i, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int p = y * w + i;
                if (c == 1) {
                    x[p] = Math.round((r + g + b) / 3f) / 255f;
                } else {
                    x[p] = r / 255f;
                    x[h * w + p] = g / 255f;
                    x[2 * h * w + p] = b / 255f;
                }
            }
        }
        if (norm != null) {
            float[] mean = norm.mean();
            float[] std = norm.std();
            if (mean.length != 1 && mean.length != c) {
                throw ApiError.bad("the normalisation has " + mean.length + " channels, the model's input " + c);
            }
            for (int ch = 0; ch < c; ch++) {
                float m = mean[mean.length == 1 ? 0 : ch];
                float s = std[mean.length == 1 ? 0 : ch];
                for (int k = ch * h * w; k < (ch + 1) * h * w; k++) {
                    x[k] = (x[k] - m) / s;
                }
            }
        }
        return x;
    }
}
