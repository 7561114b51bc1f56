package io.csvsim.sweep;

/**
 * A message that crosses machines in a sweep: serialized as CBOR by Pekko's Jackson serializer
 * (bound to this interface in cluster.conf; Java serialization is off).
 */
public interface SweepMessage {}
