package io.journeymap.model;

import java.time.LocalDate;

/**
 * Something the business changed on a day (a new pricing page, a campaign launch), declared
 * under {@code changes:} so anomalies near it can name it.
 */
public record Change(LocalDate date, String what) {}
