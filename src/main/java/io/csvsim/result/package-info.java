/** A finished run as one immutable value ({@link io.csvsim.result.SimulationResult}): part of the API. */
package io.csvsim.result;
