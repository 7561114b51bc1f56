/**
 * csvsim's API for a Pekko app: spawn {@link io.csvsim.sim.ClusterSimulation} with a
 * {@link io.csvsim.scenario.Scenario} and {@link io.csvsim.sim.SimulationSettings}, send it
 * {@code Start}, and receive a {@link io.csvsim.result.SimulationResult}; {@code Subscribe} to
 * watch the run as {@link io.csvsim.sim.SimEvent}s. With {@code io.csvsim.scenario} (reading
 * scenarios), {@code io.csvsim.result} (the result) and {@code io.csvsim.report} (rendering it),
 * this is what embedders may use; {@code io.csvsim.internal} may change in any release.
 */
package io.csvsim.sim;
