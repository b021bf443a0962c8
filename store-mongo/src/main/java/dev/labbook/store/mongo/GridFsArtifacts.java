package dev.labbook.store.mongo;

import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import dev.labbook.Artifact;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Artifacts in the GridFS bucket {@code artifacts}: one GridFS file per version, its
 * {@code metadata} holding {@code owner}, {@code path} (the exact key), {@code sha256} and
 * {@code created}. The GridFS file name is the path, for people browsing the bucket; lookups
 * use the metadata, never the name.
 *
 * <p>Replacing is "upload the new version, then delete the older ones": a reader always sees
 * a whole version (the newest complete upload), never a mix. A crash between the two leaves an
 * older version beside the newer one; reads and listings take the newest, and the next write
 * or delete of that path removes the rest. Two writers racing on one path both keep the newest
 * upload, so the last upload wins.
 */
final class GridFsArtifacts {
  /** Newest first: upload time, then id. */
  private static final Comparator<Document> NEWEST_FIRST = Comparator
      .comparing((Document file) -> file.getDate("uploadDate"))
      .thenComparing(file -> file.getObjectId("_id")).reversed();

  private final MongoStore.Collections collections;

  GridFsArtifacts(MongoStore.Collections collections) {
    this.collections = collections;
  }

  void write(Artifact artifact, byte[] content) {
    Document metadata = new Document("owner", artifact.ownerId())
        .append("path", artifact.path())
        .append("sha256", artifact.sha256())
        .append("created", artifact.created().toEpochMilli());
    collections.artifacts.uploadFromStream(artifact.path(), new java.io.ByteArrayInputStream(content),
        new GridFSUploadOptions().metadata(metadata));
    List<Document> versions = versions(artifact.ownerId(), artifact.path());
    for (Document older : versions.subList(Math.min(1, versions.size()), versions.size())) {
      collections.artifacts.delete(older.getObjectId("_id"));
    }
  }

  Optional<InputStream> read(String ownerId, String path) {
    List<Document> versions = versions(ownerId, path);
    return versions.isEmpty() ? Optional.empty()
        : Optional.of(collections.artifacts.openDownloadStream(versions.get(0).getObjectId("_id")));
  }

  List<Artifact> list(String ownerId) {
    Map<String, Document> newest = new LinkedHashMap<>();
    List<Document> files = new ArrayList<>();
    collections.artifacts.find(Filters.eq("metadata.owner", ownerId)).forEach(file -> files.add(toDocument(file)));
    files.sort(NEWEST_FIRST);
    files.forEach(file -> newest.putIfAbsent(file.get("metadata", Document.class).getString("path"), file));
    return newest.values().stream().map(GridFsArtifacts::artifact).toList();
  }

  boolean remove(String ownerId, String path) {
    List<Document> versions = versions(ownerId, path);
    versions.forEach(file -> collections.artifacts.delete(file.getObjectId("_id")));
    return !versions.isEmpty();
  }

  /** Removes every artifact of these owners. */
  void removeAll(Collection<String> ownerIds) {
    List<ObjectId> ids = new ArrayList<>();
    collections.artifacts.find(Filters.in("metadata.owner", ownerIds)).forEach(file -> ids.add(file.getObjectId()));
    ids.forEach(collections.artifacts::delete);
  }

  /** The stored versions of one artifact, newest first. */
  private List<Document> versions(String ownerId, String path) {
    Bson filter = Filters.and(Filters.eq("metadata.owner", ownerId), Filters.eq("metadata.path", path));
    List<Document> files = new ArrayList<>();
    collections.artifacts.find(filter).forEach(file -> files.add(toDocument(file)));
    files.sort(NEWEST_FIRST);
    return files;
  }

  private static Document toDocument(com.mongodb.client.gridfs.model.GridFSFile file) {
    return new Document("_id", file.getObjectId()).append("uploadDate", file.getUploadDate())
        .append("length", file.getLength()).append("metadata", file.getMetadata());
  }

  private static Artifact artifact(Document file) {
    Document metadata = file.get("metadata", Document.class);
    return new Artifact(metadata.getString("owner"), metadata.getString("path"), file.getLong("length"),
        metadata.getString("sha256"), Instant.ofEpochMilli(metadata.getLong("created")));
  }
}
