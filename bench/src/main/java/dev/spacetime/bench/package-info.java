/** Benchmarks: JMH kernels and the fair peer comparisons. */
package dev.spacetime.bench;
