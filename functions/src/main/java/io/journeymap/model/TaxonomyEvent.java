package io.journeymap.model;

/** A canonical event name: the one meaning "trial_started" has across every source. */
public record TaxonomyEvent(String name, String description) {}
