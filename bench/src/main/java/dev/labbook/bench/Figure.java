package dev.labbook.bench;

/**
 * One measured value.
 *
 * @param workload W1 … W6 or MEM
 * @param measure what was measured, the row of the table
 * @param backend the column ({@link Backend#key()})
 * @param value the figure
 * @param unit its unit
 * @param note how it was measured or why it is missing; may be empty
 */
record Figure(String workload, String measure, String backend, double value, String unit, String note) {}
