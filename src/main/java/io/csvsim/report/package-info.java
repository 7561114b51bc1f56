/** The command line's outputs as pure functions of a result (text, JSON, CSV, HTML, comparisons): part of the API. */
package io.csvsim.report;
