/**
 * The local JSON HTTP server of the playground and the workbench: {@link org.lrppruning.web.LocalServer} (the
 * JDK's {@code com.sun.net.httpserver}, a page from the jar, routes, bounded workers and bodies, the 400, 404,
 * 405, 415 and 503 answers), {@link org.lrppruning.web.ApiError} (a refused request) and
 * {@link org.lrppruning.web.JsonText} (strict request parsing, streamed answers).
 */
package org.lrppruning.web;
