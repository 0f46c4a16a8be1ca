/**
 * The pruning playground: a local HTTP server ({@link org.lrppruning.playground.PlaygroundServer}, the
 * JDK's {@code com.sun.net.httpserver}) with one page (HTML, CSS and JavaScript in the jar) and a JSON
 * API ({@code Api}) over the toy experiment. {@link org.lrppruning.playground.Playground} computes one
 * setting the way the single run does, with bounded caches; {@link org.lrppruning.playground.RunRequest}
 * checks a request; {@link org.lrppruning.playground.ModelCatalog} finds, loads and trains the models.
 */
package org.lrppruning.playground;
