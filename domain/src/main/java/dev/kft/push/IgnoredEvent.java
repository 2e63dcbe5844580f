package dev.kft.push;

/** Something in an event that will not build, and why (logged once, never retried). */
public record IgnoredEvent(String eventId, String what, String reason) {}
