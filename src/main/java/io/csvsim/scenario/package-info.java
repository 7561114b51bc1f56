/**
 * Scenarios: {@link io.csvsim.scenario.ScenarioLoader} reads a HOCON file (or a Config) over
 * reference.conf into an immutable {@link io.csvsim.scenario.Scenario}; bad input is one
 * {@link io.csvsim.scenario.ScenarioException} naming the file, line and key. Part of the API.
 */
package io.csvsim.scenario;
