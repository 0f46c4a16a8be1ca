/**
 * The file formats and number text shared with the Python reference: NumPy {@code .npy} and
 * {@code .npz} ({@link org.lrppruning.io.Npy}, {@link org.lrppruning.io.Npz},
 * {@link org.lrppruning.io.NpyArray}) and Python's float {@code repr} and {@code '{:.Nf}'}
 * formatting ({@link org.lrppruning.io.PyFloat}).
 */
package org.lrppruning.io;
