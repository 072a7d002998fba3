package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.readmodel.ProcessInstanceSummary;
import java.util.List;

/** A page of instances, newest first; ask for the next with {@code offset + limit} while {@code more} is true. */
public record InstanceList(List<ProcessInstanceSummary> items, int limit, int offset, boolean more) {}
