package io.bankofthings.lending.web.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Models as shipped under {@code classpath*:/models/} and their edited versions in PostgreSQL. Saved versions are
 * never changed: a save adds the next version.
 */
@Repository
public class ModelStore {

    static final String CLASSPATH_MODELS = "classpath*:/models/*.*";

    private final JdbcClient jdbc;
    private final PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();

    public ModelStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The .bpmn and .dmn files the application ships, by file name. */
    public TreeMap<String, Resource> classpathModels() {
        var models = new TreeMap<String, Resource>();
        try {
            for (Resource resource : resources.getResources(CLASSPATH_MODELS)) {
                String file = resource.getFilename();
                if (file != null && (file.endsWith(".bpmn") || file.endsWith(".dmn"))) {
                    models.putIfAbsent(file, resource);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the models on the classpath", e);
        }
        return models;
    }

    public Optional<byte[]> classpathContent(ModelName name) {
        var resource = classpathModels().get(name.fileName());
        if (resource == null) {
            return Optional.empty();
        }
        try (var in = resource.getInputStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model " + name, e);
        }
    }

    /** Names with at least one saved version. */
    public List<String> storedNames() {
        return jdbc.sql("select distinct name from model_version order by name").query(String.class).list();
    }

    /** Adds the next version; a concurrent save of the same name makes one of them fail on the unique key. */
    public StoredModelVersion save(ModelName name, byte[] content, String comment, String savedBy) {
        return jdbc.sql("""
                        insert into model_version (name, version, kind, content, sha256, comment, saved_by)
                        select :name, coalesce(max(version), 0) + 1, :kind, :content, :sha, :comment, :savedBy
                        from model_version where name = :name
                        returning *""")
                .param("name", name.fileName())
                .param("kind", name.kind().name())
                .param("content", new String(content, StandardCharsets.UTF_8))
                .param("sha", sha256(content))
                .param("comment", comment == null || comment.isBlank() ? null : abbreviate(comment.strip()))
                .param("savedBy", savedBy)
                .query(ModelStore::version)
                .single();
    }

    public Optional<StoredModelVersion> latest(ModelName name) {
        return jdbc.sql("select * from model_version where name = :name order by version desc limit 1")
                .param("name", name.fileName())
                .query(ModelStore::version)
                .optional();
    }

    public Optional<StoredModelVersion> version(ModelName name, int version) {
        return jdbc.sql("select * from model_version where name = :name and version = :version")
                .param("name", name.fileName())
                .param("version", version)
                .query(ModelStore::version)
                .optional();
    }

    /** Saved versions without their content, newest first. */
    public List<StoredModelVersion> versions(ModelName name) {
        return jdbc.sql("select * from model_version where name = :name order by version desc")
                .param("name", name.fileName())
                .query(ModelStore::version)
                .list()
                .stream()
                .map(StoredModelVersion::summary)
                .toList();
    }

    public void recordDeployment(ModelDeployment deployment) {
        jdbc.sql("""
                        insert into model_deployment (name, model_version, resource_id, engine_version, definition_key,
                                                      deployment_key, deployed_by)
                        values (:name, :modelVersion, :resourceId, :engineVersion, :definitionKey, :deploymentKey, :by)""")
                .param("name", deployment.name())
                .param("modelVersion", deployment.modelVersion())
                .param("resourceId", deployment.resourceId())
                .param("engineVersion", deployment.engineVersion())
                .param("definitionKey", deployment.definitionKey())
                .param("deploymentKey", deployment.deploymentKey())
                .param("by", deployment.deployedBy())
                .update();
    }

    /** Deployments made from the modeler, newest first. */
    public List<ModelDeployment> deployments(ModelName name) {
        return jdbc.sql("select * from model_deployment where name = :name order by id desc")
                .param("name", name.fileName())
                .query((rs, n) -> {
                    int modelVersion = rs.getInt("model_version");
                    return new ModelDeployment(
                            rs.getString("name"),
                            rs.wasNull() ? null : modelVersion,
                            rs.getString("resource_id"),
                            rs.getInt("engine_version"),
                            rs.getLong("definition_key"),
                            rs.getLong("deployment_key"),
                            rs.getString("deployed_by"),
                            rs.getTimestamp("deployed_at").toInstant());
                })
                .list();
    }

    private static StoredModelVersion version(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new StoredModelVersion(
                rs.getString("name"),
                rs.getInt("version"),
                ModelKind.valueOf(rs.getString("kind")),
                rs.getString("sha256"),
                rs.getString("comment"),
                rs.getString("saved_by"),
                rs.getTimestamp("saved_at").toInstant(),
                rs.getString("content"));
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String abbreviate(String comment) {
        return comment.length() > 500 ? comment.substring(0, 499) + "…" : comment;
    }
}
