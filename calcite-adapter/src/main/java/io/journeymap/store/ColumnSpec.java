package io.journeymap.store;

/** One column of a store table, with the description tools show next to it. */
public record ColumnSpec(String name, ColumnType type, String description) {}
