package io.bankofthings.lending.web;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.bankofthings.lending.loan.FieldError;
import io.bankofthings.lending.loan.InvalidLoanApplicationException;
import io.bankofthings.lending.loan.DuplicateCollateralException;
import io.bankofthings.lending.loan.InvalidRepaymentException;
import io.bankofthings.lending.loan.LoanApplicationNotFoundException;
import io.bankofthings.lending.monitoring.AlertNotFoundException;
import io.bankofthings.lending.monitoring.InvalidInvestigationException;
import io.bankofthings.lending.monitoring.InvestigationNotOpenException;
import io.bankofthings.lending.loan.LoanStateConflictException;
import io.bankofthings.lending.web.model.ConcurrentModelSaveException;
import io.bankofthings.lending.web.model.InvalidModelException;
import io.bankofthings.lending.web.model.InvalidModelNameException;
import io.bankofthings.lending.web.model.ModelNotFoundException;
import io.bankofthings.lending.web.model.ModelTooLargeException;
import io.bankofthings.lending.web.underwriting.InvalidDecisionException;
import io.bankofthings.lending.web.underwriting.TaskNotOpenException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/** One error body for the whole API: RFC 9457 problem details, with field errors where there are any. */
@RestControllerAdvice(basePackages = "io.bankofthings.lending.web")
public class ApiErrors {

    @ExceptionHandler(InvalidLoanApplicationException.class)
    ProblemDetail invalid(InvalidLoanApplicationException e) {
        return withErrors(HttpStatus.BAD_REQUEST, "The loan application has invalid fields", e.errors());
    }

    @ExceptionHandler(LoanApplicationNotFoundException.class)
    ProblemDetail notFound(LoanApplicationNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(DuplicateCollateralException.class)
    ProblemDetail duplicateCollateral(DuplicateCollateralException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The collateral already secures another live application or loan");
        problem.setTitle("Duplicate collateral");
        problem.setProperty("claims", e.claims());
        return problem;
    }

    @ExceptionHandler(InvalidRepaymentException.class)
    ProblemDetail invalidRepayment(InvalidRepaymentException e) {
        return withErrors(HttpStatus.BAD_REQUEST, "The repayment has invalid fields", e.errors());
    }

    @ExceptionHandler(LoanStateConflictException.class)
    ProblemDetail loanState(LoanStateConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidDecisionException.class)
    ProblemDetail invalidDecision(InvalidDecisionException e) {
        return withErrors(HttpStatus.BAD_REQUEST, "The decision has invalid fields", e.errors());
    }

    @ExceptionHandler(InvalidModelException.class)
    ProblemDetail invalidModel(InvalidModelException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        problem.setTitle("Invalid model");
        problem.setProperty("model", e.modelName());
        problem.setProperty("findings", e.findings());
        return problem;
    }

    @ExceptionHandler(ModelTooLargeException.class)
    ProblemDetail modelTooLarge(ModelTooLargeException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        problem.setTitle("Model too large");
        return problem;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail uploadTooLarge(MaxUploadSizeExceededException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "The upload is larger than the limit of " + e.getMaxUploadSize() + " bytes");
        problem.setTitle("Model too large");
        return problem;
    }

    @ExceptionHandler(InvalidModelNameException.class)
    ProblemDetail invalidModelName(InvalidModelNameException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ModelNotFoundException.class)
    ProblemDetail modelNotFound(ModelNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({ConcurrentModelSaveException.class, TaskNotOpenException.class})
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(AlertNotFoundException.class)
    ProblemDetail alertNotFound(AlertNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(InvestigationNotOpenException.class)
    ProblemDetail investigationNotOpen(InvestigationNotOpenException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidInvestigationException.class)
    ProblemDetail invalidInvestigation(InvalidInvestigationException e) {
        return withErrors(HttpStatus.BAD_REQUEST, "The investigation decision has invalid fields",
                List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        // a MismatchedInputException, or a number out of range (InputCoercionException inside): both name the field
        if (e.getCause() instanceof JsonMappingException mismatch && !mismatch.getPath().isEmpty()
                && (mismatch instanceof MismatchedInputException || mismatch.getCause() instanceof InputCoercionException)) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining())
                    .substring(1);
            String message = mismatch instanceof InvalidFormatException format
                    ? "has the wrong type or value: " + abbreviate(String.valueOf(format.getValue()))
                    : mismatch.getCause() instanceof InputCoercionException coercion
                            ? "is out of range for " + (coercion.getTargetType() == null
                                    ? "a number" : coercion.getTargetType().getSimpleName())
                            : "has the wrong type";
            return withErrors(HttpStatus.BAD_REQUEST, "The request body has invalid fields",
                    List.of(new FieldError(field, message)));
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body is not valid JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json");
    }

    private static ProblemDetail withErrors(HttpStatus status, String detail, List<FieldError> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
