package io.bankofthings.lending.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Problem details for the failures Spring MVC raises before or around a handler, for every path: 404 for an unknown
 * path, 405 with {@code Allow}, 415 with the accepted types, 406, and 400 for a missing or mistyped parameter or
 * header. The domain errors stay in {@code ApiErrors} and {@code GrantApiErrors}, which come first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class HttpProblems {

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail notFound(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "No endpoint " + e.getHttpMethod() + " /" + e.getResourcePath(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        var allowed = e.getSupportedHttpMethods();
        var problem = problem(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here"
                + (allowed == null || allowed.isEmpty() ? "" : "; allowed: " + allowed.stream()
                        .map(Object::toString).sorted().collect(Collectors.joining(", "))), request);
        var answer = ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED);
        if (allowed != null && !allowed.isEmpty()) {
            answer.allow(allowed.toArray(org.springframework.http.HttpMethod[]::new));
        }
        return answer.body(problem);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String accepted = e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
        var problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content type '" + e.getContentType()
                + "' is not supported" + (accepted.isEmpty() ? "" : "; send one of: " + accepted), request);
        var answer = ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        if (!e.getSupportedMediaTypes().isEmpty()) {
            answer.header(HttpHeaders.ACCEPT, accepted);
        }
        return answer.body(problem);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "No acceptable representation; available: "
                + e.getSupportedMediaTypes(), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Query parameter '" + e.getParameterName() + "' is required", request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ProblemDetail missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Header '" + e.getHeaderName() + "' is required", request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Parameter '" + e.getName() + "' has the wrong type: "
                + abbreviate(String.valueOf(e.getValue())), request);
    }

    static ProblemDetail problem(HttpStatus status, String detail, HttpServletRequest request) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        return problem;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
