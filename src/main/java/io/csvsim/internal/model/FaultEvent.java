package io.csvsim.internal.model;

/** Something an injected fault did, as the actor that saw it records it. */
public record FaultEvent(long at, String kind, String target, String what) {}
