package io.csvsim.report;

import java.util.Arrays;
import org.apache.commons.statistics.descriptive.Mean;
import org.apache.commons.statistics.descriptive.StandardDeviation;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A measure over replications: its mean, sample standard deviation and 95% confidence interval
 * for the mean (Student t with n - 1 degrees of freedom). Replications without a value (NaN: no
 * backup window, say) are left out; {@code n} counts the rest. With one value the interval is
 * that value and {@code sd} is NaN; with none, everything is NaN.
 */
public record Estimate(double mean, double sd, double low, double high, int n) {

  public static Estimate of(double... values) {
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    int n = present.length;
    if (n == 0) return new Estimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    double mean = Mean.of(present).getAsDouble();
    if (n == 1) return new Estimate(mean, Double.NaN, mean, mean, 1);
    double sd = StandardDeviation.of(present).getAsDouble(); // the sample's (n - 1)
    double half = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
    return new Estimate(mean, sd, mean - half, mean + half, n);
  }

  /** Half the interval's width: the "±" of "mean ± half". */
  public double halfWidth() {
    return (high - low) / 2;
  }

  /** Whether this interval lies wholly below {@code other}'s: this is lower, beyond the noise of n seeds. */
  public boolean below(Estimate other) {
    return n > 0 && other.n > 0 && high < other.low;
  }
}
