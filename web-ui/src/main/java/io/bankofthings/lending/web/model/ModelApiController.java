package io.bankofthings.lending.web.model;

import io.bankofthings.lending.web.audit.Actor;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The modeler's REST API, for analysts and admins. It answers under {@code /api/models} (bearer tokens) and under
 * {@code /modeler/models} (the modeler pages' session, with the CSRF token), with the same behaviour.
 */
@RestController
@RequestMapping({"/api/models", "/modeler/models"})
@PreAuthorize("hasAnyRole('analyst','admin')")
class ModelApiController {

    private final ModelService models;

    ModelApiController(ModelService models) {
        this.models = models;
    }

    /** Optional body of a deploy request: which saved version, the latest when absent. */
    record DeployRequest(Integer version) {}

    @GetMapping
    List<ModelSummary> list() {
        return models.list();
    }

    @GetMapping("/{name}")
    ModelDocument open(@PathVariable String name) {
        return models.open(ModelName.of(name));
    }

    @PutMapping(path = "/{name}", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/bpmn+xml", "application/dmn+xml"})
    ResponseEntity<ModelService.Saved> save(@PathVariable String name, @RequestBody byte[] content,
            @RequestParam(required = false) String comment, Authentication authentication) {
        var saved = models.save(ModelName.of(name), content, comment, Actor.username(authentication));
        return ResponseEntity.created(URI.create("/api/models/" + name + "/versions/" + saved.version())).body(saved);
    }

    /** Upload of a file: saved as the next version of the model its file name names. */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<ModelService.Saved> upload(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String comment, Authentication authentication) throws IOException {
        var name = ModelName.of(file.getOriginalFilename());
        var saved = models.save(name, file.getBytes(), comment == null ? "uploaded" : comment, Actor.username(authentication));
        return ResponseEntity.created(URI.create("/api/models/" + name + "/versions/" + saved.version())).body(saved);
    }

    @PostMapping(path = "/{name}/check", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/bpmn+xml", "application/dmn+xml"})
    ModelCheckResult check(@PathVariable String name, @RequestBody byte[] content) {
        return models.check(ModelName.of(name), content);
    }

    @GetMapping("/{name}/versions")
    List<StoredModelVersion> versions(@PathVariable String name) {
        return models.versions(ModelName.of(name));
    }

    @GetMapping("/{name}/versions/{version}")
    ModelDocument version(@PathVariable String name, @PathVariable int version) {
        return models.open(ModelName.of(name), version);
    }

    @PostMapping("/{name}/deployments")
    ResponseEntity<ModelDeployment> deploy(@PathVariable String name, @RequestBody(required = false) DeployRequest request,
            Authentication authentication) {
        var deployment = models.deploy(ModelName.of(name), request == null ? null : request.version(), Actor.username(authentication));
        return ResponseEntity.status(201).body(deployment);
    }

    @GetMapping("/{name}/deployments")
    List<ModelDeployment> deployments(@PathVariable String name) {
        return models.deployments(ModelName.of(name));
    }
}
