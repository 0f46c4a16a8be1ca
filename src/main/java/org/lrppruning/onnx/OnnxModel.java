package org.lrppruning.onnx;

import org.lrppruning.model.Network;

/** A network read from ONNX together with how the file spelled it, so that it can be written back alike. */
public record OnnxModel(Network network, OnnxLayout layout) {}
