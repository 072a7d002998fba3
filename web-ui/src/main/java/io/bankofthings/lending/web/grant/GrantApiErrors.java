package io.bankofthings.lending.web.grant;

import io.bankofthings.lending.grant.GrantConflictException;
import io.bankofthings.lending.grant.GrantNotFoundException;
import io.bankofthings.lending.grant.InvalidGrantRequestException;
import io.bankofthings.lending.grant.ProcessEngineUnavailableException;
import io.bankofthings.lending.grant.ThingNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problem details for the things and grants API, in the same shape as {@code ApiErrors}. */
@RestControllerAdvice(basePackageClasses = GrantApiErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class GrantApiErrors {

    @ExceptionHandler(InvalidGrantRequestException.class)
    ProblemDetail invalid(InvalidGrantRequestException e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.summary());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler({ThingNotFoundException.class, GrantNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(GrantConflictException.class)
    ProblemDetail conflict(GrantConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(ProcessEngineUnavailableException.class)
    ProblemDetail unavailable(ProcessEngineUnavailableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                e.getMessage() + "; nothing was changed, try again");
    }
}
