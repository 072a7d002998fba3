package io.bankofthings.lending.web.crosscheck;

import io.bankofthings.lending.crosscheck.CrossCheckMark;
import io.bankofthings.lending.crosscheck.CrossCheckMarks;
import io.bankofthings.lending.crosscheck.CrossCheckOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The marks of the two-source cross-check, by collateral item or device, for the roles that read ingestion data
 * (admin, operator, analyst, underwriter). The marks are those of readings taken in {@code [from, to)}, oldest first.
 */
@RestController
@PreAuthorize("hasAnyRole('admin','operator','analyst','underwriter')")
class CrossCheckController {

    /** Longest range one request may ask for. */
    static final Duration MAX_RANGE = Duration.ofDays(31);

    /** Most marks one answer lists; {@code truncated} says when there were more. */
    static final int MAX_MARKS = 1000;

    private final CrossCheckMarks marks;

    CrossCheckController(CrossCheckMarks marks) {
        this.marks = marks;
    }

    /** The marks in the range with their count by outcome. */
    record CrossChecks(String collateralId, Instant from, Instant to, Map<CrossCheckOutcome, Long> counts,
            boolean truncated, List<CrossCheckMark> marks) {}

    /** The marks in the range of one device's readings (as the sighting, or as the tracker's disagreeing position). */
    record DeviceCrossChecks(String deviceId, Instant from, Instant to, boolean truncated, List<CrossCheckMark> marks) {}

    @GetMapping("/api/ingestion/collateral/{collateralId}/cross-checks")
    CrossChecks ofCollateral(
            @PathVariable String collateralId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        checkRange(from, to);
        var found = marks.ofCollateral(collateralId, from, to, MAX_MARKS + 1);
        var listed = listed(found);
        var counts = new EnumMap<CrossCheckOutcome, Long>(CrossCheckOutcome.class);
        for (var outcome : CrossCheckOutcome.values()) {
            counts.put(outcome, 0L);
        }
        listed.stream().filter(m -> m.subject().equals("SIGHTING")).forEach(m -> counts.merge(m.outcome(), 1L, Long::sum));
        return new CrossChecks(collateralId, from, to, counts, found.size() > MAX_MARKS, listed);
    }

    @GetMapping("/api/ingestion/devices/{deviceId}/cross-checks")
    DeviceCrossChecks ofDevice(
            @PathVariable String deviceId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to) {
        checkRange(from, to);
        var found = marks.ofDevice(deviceId, from, to, MAX_MARKS + 1);
        return new DeviceCrossChecks(deviceId, from, to, found.size() > MAX_MARKS, listed(found));
    }

    /** The first {@link #MAX_MARKS} of {@code found}, which holds one more when there are more. */
    private static List<CrossCheckMark> listed(List<CrossCheckMark> found) {
        return List.copyOf(found.size() > MAX_MARKS ? found.subList(0, MAX_MARKS) : found);
    }

    private static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new InvalidRangeException("from must be before to: from=" + from + ", to=" + to);
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new InvalidRangeException("the range may span at most " + MAX_RANGE.toDays() + " days: from=" + from
                    + ", to=" + to);
        }
    }

    @ExceptionHandler(InvalidRangeException.class)
    ProblemDetail invalidRange(InvalidRangeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid time range");
        return problem;
    }

    /** The requested time range is empty, reversed or too long. */
    static final class InvalidRangeException extends RuntimeException {
        InvalidRangeException(String message) {
            super(message);
        }
    }
}
