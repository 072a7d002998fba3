package io.bankofthings.lending.web.model;

import io.bankofthings.lending.web.audit.AuditEvent;
import io.bankofthings.lending.web.audit.AuditLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Opens, checks, saves and deploys models. A save or deploy is checked first and refused with the findings when the
 * model has errors; every save and deploy, done or refused, is audited with who, what and when.
 */
@Service
public class ModelService {

    static final String SUBJECT = "MODEL";
    private static final Logger LOG = LoggerFactory.getLogger(ModelService.class);

    private final ModelStore store;
    private final ModelChecker checker;
    private final ModelDeployer deployer;
    private final AuditLog audit;

    ModelService(ModelStore store, ModelChecker checker, ModelDeployer deployer, AuditLog audit) {
        this.store = store;
        this.checker = checker;
        this.deployer = deployer;
        this.audit = audit;
    }

    /** Saved result with the warnings that did not stop the save. */
    public record Saved(String name, int version, String savedBy, Instant savedAt, List<ModelFinding> findings) {}

    public List<ModelSummary> list() {
        var classpath = store.classpathModels().keySet();
        var names = new TreeSet<>(classpath);
        names.addAll(store.storedNames());
        var summaries = new ArrayList<ModelSummary>();
        for (String file : names) {
            var name = ModelName.of(file);
            var latest = store.latest(name);
            var deployed = store.deployments(name).stream().findFirst();
            summaries.add(new ModelSummary(
                    file,
                    name.kind(),
                    classpath.contains(file),
                    latest.map(StoredModelVersion::version).orElse(null),
                    latest.map(StoredModelVersion::savedBy).orElse(null),
                    latest.map(StoredModelVersion::savedAt).orElse(null),
                    deployed.map(ModelDeployment::engineVersion).orElse(null),
                    deployed.map(ModelDeployment::deployedAt).orElse(null)));
        }
        return summaries;
    }

    /** The latest saved version, else the model as shipped. */
    public ModelDocument open(ModelName name) {
        return store.latest(name)
                .map(ModelService::document)
                .orElseGet(() -> new ModelDocument(name.fileName(), name.kind(), null, "CLASSPATH", null, null,
                        new String(classpathContent(name), StandardCharsets.UTF_8)));
    }

    public ModelDocument open(ModelName name, int version) {
        return store.version(name, version)
                .map(ModelService::document)
                .orElseThrow(() -> new ModelNotFoundException(name + " version " + version));
    }

    public List<StoredModelVersion> versions(ModelName name) {
        return store.versions(name);
    }

    public List<ModelDeployment> deployments(ModelName name) {
        return store.deployments(name);
    }

    public ModelCheckResult check(ModelName name, byte[] content) {
        return checker.check(name, content);
    }

    public Saved save(ModelName name, byte[] content, String comment, String actor) {
        ModelCheckResult result;
        try {
            result = checker.check(name, content);
        } catch (ModelTooLargeException e) {
            refused(actor, "MODEL_SAVE", name, e.getMessage());
            throw e;
        }
        if (!result.valid()) {
            refused(actor, "MODEL_SAVE", name, firstError(result));
            throw new InvalidModelException(name.fileName(),
                    "Model " + name + " has " + errors(result) + " and was not saved: " + firstError(result), result.findings());
        }
        StoredModelVersion saved;
        try {
            saved = store.save(name, content, comment, actor);
        } catch (DuplicateKeyException e) {
            throw new ConcurrentModelSaveException(name.fileName());
        }
        var detail = new LinkedHashMap<String, Object>();
        detail.put("version", saved.version());
        detail.put("sha256", saved.sha256());
        detail.put("bytes", content.length);
        if (saved.comment() != null) {
            detail.put("comment", saved.comment());
        }
        audit.record(actor, "MODEL_SAVE", SUBJECT, name.fileName(), null, AuditEvent.DONE, detail);
        LOG.info("Model {} saved as version {} by {}", name, saved.version(), actor);
        return new Saved(name.fileName(), saved.version(), saved.savedBy(), saved.savedAt(), result.findings());
    }

    /**
     * Deploys a saved version (the latest when {@code version} is null, the classpath model when nothing was saved),
     * after checking it again.
     */
    public ModelDeployment deploy(ModelName name, Integer version, String actor) {
        StoredModelVersion stored = version == null
                ? store.latest(name).orElse(null)
                : store.version(name, version).orElseThrow(() -> new ModelNotFoundException(name + " version " + version));
        byte[] content = stored != null ? stored.content().getBytes(StandardCharsets.UTF_8) : classpathContent(name);
        Integer modelVersion = stored != null ? stored.version() : null;

        var result = checker.check(name, content);
        if (!result.valid()) {
            refused(actor, "MODEL_DEPLOY", name, firstError(result));
            throw new InvalidModelException(name.fileName(),
                    "Model " + name + " has " + errors(result) + " and was not deployed: " + firstError(result), result.findings());
        }
        ModelDeployer.Deployed deployed;
        try {
            deployed = deployer.deploy(name, content);
        } catch (EngineRefusedModelException e) {
            refused(actor, "MODEL_DEPLOY", name, e.getMessage());
            throw e;
        }
        var deployment = new ModelDeployment(name.fileName(), modelVersion, deployed.resourceId(), deployed.engineVersion(),
                deployed.definitionKey(), deployed.deploymentKey(), actor, Instant.now());
        store.recordDeployment(deployment);
        var detail = new LinkedHashMap<String, Object>();
        detail.put("modelVersion", modelVersion == null ? "classpath" : modelVersion);
        detail.put("resourceId", deployed.resourceId());
        detail.put("engineVersion", deployed.engineVersion());
        detail.put("definitionKey", deployed.definitionKey());
        detail.put("deploymentKey", deployed.deploymentKey());
        audit.record(actor, "MODEL_DEPLOY", SUBJECT, name.fileName(), null, AuditEvent.DONE, detail);
        LOG.info("Model {} (saved version {}) deployed as engine version {} by {}", name, modelVersion, deployed.engineVersion(), actor);
        return deployment;
    }

    private byte[] classpathContent(ModelName name) {
        return store.classpathContent(name).orElseThrow(() -> new ModelNotFoundException(name.fileName()));
    }

    private void refused(String actor, String action, ModelName name, String reason) {
        audit.record(actor, action, SUBJECT, name.fileName(), null, AuditEvent.REFUSED, Map.of("reason", abbreviate(reason)));
    }

    private static String errors(ModelCheckResult result) {
        long n = result.findings().stream().filter(f -> f.severity() == ModelFinding.Severity.ERROR).count();
        return n == 1 ? "1 error" : n + " errors";
    }

    private static String firstError(ModelCheckResult result) {
        return result.findings().stream()
                .filter(f -> f.severity() == ModelFinding.Severity.ERROR)
                .findFirst()
                .map(f -> (f.elementId() == null ? "" : f.elementId() + ": ") + f.message())
                .orElse("");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }

    private static ModelDocument document(StoredModelVersion v) {
        return new ModelDocument(v.name(), v.kind(), v.version(), "STORED", v.savedBy(), v.savedAt(), v.content());
    }
}
