package io.bankofthings.lending.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Reads and writes whole objects in one bucket of an S3-compatible store (MinIO, S3Proxy, AWS S3) through the MinIO
 * client, path-style and SigV4-signed.
 *
 * <p>The bucket is created on first use, so the store may be built before the server is up.
 *
 * <p>Meters: {@code lending.storage.bytes.read} (bytes fetched by GETs) and {@code lending.storage.requests{kind}}
 * (GETs of a whole object, {@code whole}, or of a byte range, {@code range}).
 */
@Component
public class ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

    /** Most keys S3 deletes in one request. */
    static final int MAX_KEYS_PER_DELETE = 1000;

    private final MinioClient client;
    private final String bucket;
    private final Counter bytesRead;
    private final Counter wholeRequests;
    private final Counter rangeRequests;
    private volatile boolean bucketReady;

    /** Builds a client for the configured endpoint, meters in a private registry; connects on the first operation. */
    public ObjectStore(StorageSettings settings) {
        this(settings, new SimpleMeterRegistry());
    }

    /** Builds a client for the configured endpoint, meters in the application's registry or a private one. */
    @Autowired
    public ObjectStore(StorageSettings settings, ObjectProvider<MeterRegistry> registries) {
        this(settings, registries.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Builds a client for the configured endpoint, meters in {@code registry}; connects on the first operation. */
    public ObjectStore(StorageSettings settings, MeterRegistry registry) {
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint().toString())
                .credentials(settings.accessKey(), settings.secretKey())
                .region(settings.region())
                .build();
        this.bucket = settings.bucket();
        bytesRead = Counter.builder("lending.storage.bytes.read").baseUnit("bytes")
                .description("Bytes fetched from the object store by GETs").register(registry);
        wholeRequests = requests(registry, "whole");
        rangeRequests = requests(registry, "range");
    }

    private static Counter requests(MeterRegistry registry, String kind) {
        return Counter.builder("lending.storage.requests").tag("kind", kind)
                .description("GET requests to the object store: whole objects or byte ranges").register(registry);
    }

    /** Returns the name of the bucket this store works in. */
    public String bucket() {
        return bucket;
    }

    /**
     * Asks the server whether the bucket exists, for health checks; creates nothing.
     *
     * @throws ObjectStoreException when the server is unreachable or refuses the request (e.g. wrong keys)
     */
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not check bucket %s".formatted(bucket), e);
        }
    }

    /**
     * Creates the bucket unless it exists; safe to call repeatedly and concurrently.
     *
     * @throws ObjectStoreException when the server is unreachable or refuses the request
     */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        synchronized (this) {
            if (bucketReady) {
                return;
            }
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    LOG.info("Created bucket {}", bucket);
                }
                bucketReady = true;
            } catch (Exception e) {
                throw new ObjectStoreException("Could not ensure bucket %s".formatted(bucket), e);
            }
        }
    }

    /**
     * Stores {@code content} under {@code key}, replacing any object with that key.
     *
     * @param key object key, e.g. {@code readings/date=2026-11-22/hour=10/part-….parquet}
     * @param content object bytes
     * @param contentType MIME type recorded with the object
     * @throws ObjectStoreException naming the key when the upload fails
     */
    public void put(String key, byte[] content, String contentType) {
        put(key, new ByteArrayInputStream(content), content.length, contentType);
    }

    /**
     * Stores the {@code length} bytes of {@code content} under {@code key}, replacing any object with that key.
     *
     * @throws ObjectStoreException naming the key when the upload fails
     */
    public void put(String key, InputStream content, long length, String contentType) {
        ensureBucket();
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).contentType(contentType)
                    .stream(content, length, -1)
                    .build());
        } catch (Exception e) {
            throw new ObjectStoreException("Could not put object %s (%d bytes) in bucket %s"
                    .formatted(key, length, bucket), e);
        }
    }

    /**
     * Returns the whole content of the object under {@code key}.
     *
     * @throws ObjectNotFoundException naming the key when there is no such object (e.g. deleted by compaction)
     * @throws ObjectStoreException naming the key when the download fails
     */
    public byte[] get(String key) {
        ensureBucket();
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            wholeRequests.increment();
            byte[] content = response.readAllBytes();
            bytesRead.increment(content.length);
            return content;
        } catch (Exception e) {
            throw failure("get object", key, e);
        }
    }

    /**
     * Reads {@code length} bytes of the object under {@code key} from {@code offset} into {@code buffer} at
     * {@code bufferOffset}, in one ranged GET.
     *
     * @throws ObjectNotFoundException naming the key when there is no such object
     * @throws ObjectStoreException naming the key and range when the download fails or returns fewer bytes
     */
    public void read(String key, long offset, byte[] buffer, int bufferOffset, int length) {
        ensureBucket();
        try (GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                .offset(offset).length((long) length).build())) {
            rangeRequests.increment();
            int read = response.readNBytes(buffer, bufferOffset, length);
            bytesRead.increment(read);
            if (read != length) {
                throw new ObjectStoreException("Object %s in bucket %s returned %d of the %d bytes from offset %d"
                        .formatted(key, bucket, read, length, offset));
            }
        } catch (ObjectStoreException e) {
            throw e;
        } catch (Exception e) {
            throw failure("get bytes %d-%d of object".formatted(offset, offset + length - 1), key, e);
        }
    }

    /**
     * Returns the size in bytes of the object under {@code key}, from its metadata (no content is fetched).
     *
     * @throws ObjectNotFoundException naming the key when there is no such object
     * @throws ObjectStoreException naming the key when the request fails
     */
    public long size(String key) {
        ensureBucket();
        try {
            return client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size();
        } catch (Exception e) {
            throw failure("stat object", key, e);
        }
    }

    private ObjectStoreException failure(String action, String key, Exception e) {
        if (e instanceof ErrorResponseException error
                && ("NoSuchKey".equals(error.errorResponse().code()) || "NoSuchObject".equals(error.errorResponse().code()))) {
            return new ObjectNotFoundException("No object %s in bucket %s".formatted(key, bucket), e);
        }
        return new ObjectStoreException("Could not %s %s from bucket %s".formatted(action, key, bucket), e);
    }

    /**
     * Deletes the objects under {@code keys} in requests of up to 1000 keys; a key without an object is no error.
     *
     * @throws ObjectStoreException naming the first key that could not be deleted; keys of earlier requests are gone
     */
    public void delete(Collection<String> keys) {
        ensureBucket();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += MAX_KEYS_PER_DELETE) {
            List<DeleteObject> batch = all.subList(from, Math.min(all.size(), from + MAX_KEYS_PER_DELETE)).stream()
                    .map(DeleteObject::new)
                    .toList();
            try {
                for (Result<DeleteError> result : client.removeObjects(
                        RemoveObjectsArgs.builder().bucket(bucket).objects(batch).build())) {
                    DeleteError error = result.get();
                    throw new ObjectStoreException("Could not delete object %s from bucket %s: %s %s"
                            .formatted(error.objectName(), bucket, error.code(), error.message()));
                }
            } catch (ObjectStoreException e) {
                throw e;
            } catch (Exception e) {
                throw new ObjectStoreException("Could not delete %d objects starting at %s in bucket %s"
                        .formatted(batch.size(), all.get(from), bucket), e);
            }
        }
    }

    /**
     * Lists the objects whose key starts with {@code prefix}, at any depth, with their sizes, in key order.
     *
     * @throws ObjectStoreException naming the prefix when listing fails
     */
    public List<StoredObject> listObjects(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        for (Item item : items(prefix, true)) {
            if (!item.isDir()) {
                objects.add(new StoredObject(item.objectName(), item.size()));
            }
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    /**
     * Lists the "folders" directly below {@code prefix} (keys up to the next {@code /}), e.g.
     * {@code readings/date=2026-11-22/} for {@code readings/}, in lexicographic order.
     *
     * @throws ObjectStoreException naming the prefix when listing fails
     */
    public List<String> listPrefixes(String prefix) {
        List<String> prefixes = new ArrayList<>();
        for (Item item : items(prefix, false)) {
            if (item.isDir()) {
                prefixes.add(item.objectName());
            }
        }
        prefixes.sort(null);
        return prefixes;
    }

    private List<Item> items(String prefix, boolean recursive) {
        ensureBucket();
        List<Item> items = new ArrayList<>();
        try {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive)
                    .build())) {
                items.add(result.get());
            }
        } catch (Exception e) {
            throw new ObjectStoreException("Could not list prefix %s in bucket %s".formatted(prefix, bucket), e);
        }
        return items;
    }

    /**
     * Lists the keys of all objects whose key starts with {@code prefix}, at any depth, in lexicographic order.
     *
     * @throws ObjectStoreException naming the prefix when listing fails
     */
    public List<String> list(String prefix) {
        return listObjects(prefix).stream().map(StoredObject::key).toList();
    }
}
