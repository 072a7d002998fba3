package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.loan.FieldError;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Problem details for the operations API, in the same shape as {@code ApiErrors}. */
@RestControllerAdvice(basePackageClasses = OperationsApiErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OperationsApiErrors {

    @ExceptionHandler(InvalidOperationsRequestException.class)
    ProblemDetail invalid(InvalidOperationsRequestException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid parameters");
        problem.setProperty("errors", List.of(new FieldError(e.getName(),
                "must be a process engine key (a whole number)")));
        return problem;
    }

    @ExceptionHandler(OperationsNotFoundException.class)
    ProblemDetail notFound(OperationsNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(OperationRefusedException.class)
    ProblemDetail refused(OperationRefusedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(EngineUnavailableException.class)
    ProblemDetail unavailable(EngineUnavailableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage() + "; nothing was changed, try again");
    }
}
