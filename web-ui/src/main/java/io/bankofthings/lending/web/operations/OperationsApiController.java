package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.web.audit.Actor;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API for operators: search process instances, inspect one, retry an incident, cancel an instance.
 * Reads come from the process read model; actions go to the engine and are audited.
 */
@RestController
@RequestMapping("/api/operations")
@PreAuthorize("hasAnyRole('operator','admin')")
class OperationsApiController {

    private final OperationsService operations;

    OperationsApiController(OperationsService operations) {
        this.operations = operations;
    }

    @GetMapping("/process-instances")
    InstanceList search(
            @RequestParam(required = false) String processId,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String businessKey,
            @RequestParam(required = false) String startedFrom,
            @RequestParam(required = false) String startedTo,
            @RequestParam(required = false) String hasIncident,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset) {
        return operations.search(new OperationsService.Query(
                processId, state, businessKey, startedFrom, startedTo, hasIncident, limit, offset));
    }

    @GetMapping("/process-instances/{processInstanceKey}")
    InstanceView instance(@PathVariable long processInstanceKey) {
        return operations.instance(processInstanceKey);
    }

    @PostMapping("/incidents/{incidentKey}/retry")
    ResponseEntity<OperatorActionResult> retry(@PathVariable long incidentKey,
            @RequestBody(required = false) RetryIncidentRequest request, Authentication authentication) {
        return ResponseEntity.accepted().body(operations.retryIncident(incidentKey, request, Actor.username(authentication)));
    }

    @PostMapping("/process-instances/{processInstanceKey}/cancel")
    ResponseEntity<OperatorActionResult> cancel(@PathVariable long processInstanceKey,
            @RequestBody(required = false) CancelInstanceRequest request, Authentication authentication) {
        return ResponseEntity.accepted().body(operations.cancel(processInstanceKey, request, Actor.username(authentication)));
    }
}
