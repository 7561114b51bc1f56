/**
 * Not API: the model's actors and their parts ({@code model}), the simulation clocks
 * ({@code clock}), how a result is assembled and checked ({@code result}) and the benchmarks
 * ({@code bench}). Public only so csvsim's own packages can reach them; they may change in any
 * release. Embedders use {@code io.csvsim.sim}, {@code scenario}, {@code result} and {@code report}.
 */
package io.csvsim.internal;
