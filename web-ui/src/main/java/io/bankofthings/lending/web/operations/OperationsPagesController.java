package io.bankofthings.lending.web.operations;

import io.bankofthings.lending.readmodel.ProcessInstanceDetail;
import io.bankofthings.lending.readmodel.ProcessInstanceState;
import io.bankofthings.lending.readmodel.ProcessInstances;
import io.bankofthings.lending.web.audit.Actor;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operations console pages: search process instances by process, state, business key, start dates and
 * incidents; one instance with its diagram (completed, active and failed elements marked), incidents, variables,
 * jobs, decisions and history; retry an incident and cancel an instance, each audited and listed on the page.
 */
@Controller
@PreAuthorize("hasAnyRole('operator','admin')")
class OperationsPagesController {

    private final OperationsService operations;
    private final ProcessInstances instances;
    private final PlatformHealth health;

    OperationsPagesController(OperationsService operations, ProcessInstances instances, PlatformHealth health) {
        this.operations = operations;
        this.instances = instances;
        this.health = health;
    }

    @GetMapping("/operations")
    String search(@RequestParam(required = false) @Nullable String processId,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String businessKey,
            @RequestParam(required = false) @Nullable String startedFrom,
            @RequestParam(required = false) @Nullable String startedTo,
            @RequestParam(required = false) @Nullable String hasIncident,
            @RequestParam(required = false) @Nullable String offset,
            Model model) {
        var query = new OperationsService.Query(blank(processId), blank(state), blank(businessKey), blank(startedFrom),
                blank(startedTo), blank(hasIncident), "50", blank(offset));
        model.addAttribute("query", query);
        model.addAttribute("states", ProcessInstanceState.values());
        model.addAttribute("health", health.view());
        try {
            model.addAttribute("result", operations.search(query));
        } catch (InvalidOperationsRequestException e) {
            model.addAttribute("errors", e.errors());
        }
        return "operations/list";
    }

    @GetMapping("/operations/instances/{processInstanceKey}")
    String instance(@PathVariable long processInstanceKey, Model model) {
        InstanceView view = operations.instance(processInstanceKey);
        ProcessInstanceDetail detail = view.detail();
        model.addAttribute("view", view);
        model.addAttribute("detail", detail);
        model.addAttribute("hasDiagram",
                instances.definitionXml(detail.instance().processDefinitionKey()).isPresent());
        model.addAttribute("completedElements", elementIds(detail, ProcessInstanceState.COMPLETED));
        model.addAttribute("activeElements", elementIds(detail, ProcessInstanceState.ACTIVE));
        model.addAttribute("incidentElements", String.join(",", detail.incidents().stream()
                .filter(ProcessInstanceDetail.Incident::active)
                .map(ProcessInstanceDetail.Incident::elementId)
                .distinct()
                .toList()));
        return "operations/instance";
    }

    /** The BPMN the instance runs on, for the diagram on its page. */
    @GetMapping(value = "/operations/definitions/{processDefinitionKey}/diagram.bpmn", produces = MediaType.APPLICATION_XML_VALUE)
    @ResponseBody
    ResponseEntity<String> diagram(@PathVariable long processDefinitionKey) {
        return instances.definitionXml(processDefinitionKey)
                .map(xml -> ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(xml))
                .orElseThrow(() -> new OperationsNotFoundException("Process definition " + processDefinitionKey
                        + " is not in the read model"));
    }

    @PostMapping("/operations/incidents/{incidentKey}/retry")
    String retry(@PathVariable long incidentKey, @RequestParam long processInstanceKey,
            @RequestParam(required = false) @Nullable Integer retries, @RequestParam(required = false) @Nullable String reason,
            Authentication authentication, RedirectAttributes redirect) {
        act(redirect, () -> {
            var result = operations.retryIncident(incidentKey, new RetryIncidentRequest(retries, blank(reason)),
                    Actor.username(authentication));
            return "Incident " + incidentKey + " resolved; job " + result.jobKey() + " has " + result.retries()
                    + " retries again.";
        });
        redirect.addAttribute("key", processInstanceKey);
        return "redirect:/operations/instances/{key}";
    }

    @PostMapping("/operations/instances/{processInstanceKey}/cancel")
    String cancel(@PathVariable long processInstanceKey, @RequestParam(required = false) @Nullable String reason,
            Authentication authentication, RedirectAttributes redirect) {
        act(redirect, () -> {
            operations.cancel(processInstanceKey, new CancelInstanceRequest(blank(reason)), Actor.username(authentication));
            return "Instance " + processInstanceKey + " cancelled.";
        });
        return "redirect:/operations/instances/{processInstanceKey}";
    }

    @ExceptionHandler(OperationsNotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(OperationsNotFoundException e, Model model) {
        model.addAttribute("problem", e.getMessage());
        return "operations/not-found";
    }

    private static void act(RedirectAttributes redirect, java.util.function.Supplier<String> action) {
        try {
            redirect.addFlashAttribute("notice", action.get());
        } catch (InvalidOperationsRequestException e) {
            redirect.addFlashAttribute("problem", e.getMessage() + ": " + String.join("; ", e.errors().stream()
                    .map(error -> error.field() + " " + error.message()).toList()));
        } catch (OperationRefusedException | EngineUnavailableException e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
    }

    private static String elementIds(ProcessInstanceDetail detail, ProcessInstanceState state) {
        Set<String> ids = new LinkedHashSet<>();
        for (ProcessInstanceDetail.Element element : detail.elements()) {
            if (element.state() == state && !"PROCESS".equals(element.elementType())) {
                ids.add(element.elementId());
            }
        }
        return String.join(",", ids);
    }

    private static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
