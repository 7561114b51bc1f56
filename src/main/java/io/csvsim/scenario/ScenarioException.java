package io.csvsim.scenario;

/** Bad input: says where (file and key path) and what was expected. */
public final class ScenarioException extends RuntimeException {
  public ScenarioException(String message) {
    super(message);
  }

  public static ScenarioException at(String file, String path, String problem) {
    return new ScenarioException(file + ": " + path + ": " + problem);
  }
}
