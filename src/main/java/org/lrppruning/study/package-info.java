/**
 * The studies' orchestration, out of the command line: {@link org.lrppruning.study.CnnStudy} runs the paper's CNN
 * study ({@code reproduce --cnn}) and tells a listener what the command prints; {@link org.lrppruning.study.Studies}
 * holds what the studies share (the study folder's marker and lock, the report's timed steps and machine line).
 */
package org.lrppruning.study;
