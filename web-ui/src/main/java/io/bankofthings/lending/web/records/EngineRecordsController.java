package io.bankofthings.lending.web.records;

import io.bankofthings.lending.readmodel.EngineRecord;
import io.bankofthings.lending.readmodel.InvalidEngineRecordException;
import io.bankofthings.lending.readmodel.ProcessReadModel;
import io.bankofthings.lending.readmodel.ProjectionResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives batches of engine records from the broker exporter: a JSON array of records as {@code Record#toJson()}
 * writes them. A 200 means the batch is projected (duplicates ignored), so the exporter may move its position on;
 * anything else means nothing of the batch was kept and the exporter sends it again.
 */
@RestController
class EngineRecordsController {

    /** The source name of records from a broker; a change from the in-memory engine empties the read model once. */
    static final String SOURCE = "broker-exporter";
    private static final Logger LOG = LoggerFactory.getLogger(EngineRecordsController.class);

    private final ProcessReadModel readModel;
    private final ExporterSettings settings;
    private final AtomicBoolean started = new AtomicBoolean();

    EngineRecordsController(ProcessReadModel readModel, ExporterSettings settings) {
        this.readModel = readModel;
        this.settings = settings;
    }

    /** What the exporter learns: how many records were new, how many repeated. */
    record Delivery(int received, int projected, int duplicates) {}

    @PostMapping(path = ExporterSecurityConfiguration.PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Delivery deliver(HttpServletRequest request) throws IOException {
        String body = read(request.getInputStream(), settings.maxBatchBytes());
        var records = EngineRecord.fromJsonArray(body);
        if (!started.get()) {
            readModel.startSource(SOURCE, true);
            started.set(true);
        }
        ProjectionResult result = readModel.project(records);
        LOG.debug("Exporter delivered {} records: {} new, {} repeated", records.size(), result.projected(),
                result.duplicates());
        return new Delivery(records.size(), result.projected(), result.duplicates());
    }

    @ExceptionHandler(InvalidEngineRecordException.class)
    ProblemDetail invalid(InvalidEngineRecordException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid engine records");
        return problem;
    }

    @ExceptionHandler(BatchTooLargeException.class)
    ProblemDetail tooLarge(BatchTooLargeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setTitle("Batch too large");
        return problem;
    }

    static final class BatchTooLargeException extends RuntimeException {
        BatchTooLargeException(long limit) {
            super("The batch is larger than the limit of " + limit + " bytes; send fewer records at a time");
        }
    }

    private static String read(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new BatchTooLargeException(limit);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
