package dev.labbook.store.json;

import dev.labbook.Artifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The artifacts of an experiment or run folder: the bytes as a plain file under
 * {@code artifacts/}, and a description (path, size, SHA-256, time) under
 * {@code artifact-meta/} at the same relative place, so that no user path can clash with
 * metadata. The description is written last and removed first: an artifact exists exactly when
 * its description does, and a crash between the two leaves at most an unlisted file.
 */
final class ArtifactFiles {
  private final Disk disk;

  ArtifactFiles(Disk disk) {
    this.disk = disk;
  }

  /** Stores the bytes and then the description; the caller holds the store lock. */
  void write(Path owner, Artifact artifact, byte[] content) throws IOException {
    Path file = Layout.artifact(owner, artifact.path());
    Path description = Layout.artifactDescription(owner, artifact.path());
    disk.createFolders(file.getParent());
    disk.replace(file, content);
    disk.createFolders(description.getParent());
    disk.replace(description, JsonText.pretty(Records.artifact(artifact)));
  }

  /** The artifact's bytes, if it exists. */
  Optional<InputStream> open(Path owner, String path) {
    if (describe(owner, path).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(Layout.artifact(owner, path)));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty(); // deleted since its description was read
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + path + ": " + e, e);
    }
  }

  /** The artifacts of the owner, by path. */
  List<Artifact> list(Path owner) {
    Path root = Layout.artifactDescriptions(owner);
    List<Artifact> artifacts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> Layout.stem(f.getFileName().toString(), Layout.JSON).isPresent())
          .filter(Files::isRegularFile)
          .forEach(f -> Reads.record(f, Records::artifact).ifPresent(artifacts::add));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the artifacts in " + root + ": " + e, e);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return List.of(); // the owner was deleted while listing
      }
      throw e;
    }
    artifacts.sort(Comparator.comparing(Artifact::path));
    return artifacts;
  }

  /** Removes the description, then the bytes, then folders left empty; the caller holds the lock. */
  boolean remove(Path owner, String path) throws IOException {
    if (describe(owner, path).isEmpty()) {
      return false;
    }
    Path description = Layout.artifactDescription(owner, path);
    Path file = Layout.artifact(owner, path);
    disk.delete(description);
    disk.delete(file);
    disk.deleteEmptyFolders(description.getParent(), Layout.artifactDescriptions(owner));
    disk.deleteEmptyFolders(file.getParent(), Layout.artifacts(owner));
    return true;
  }

  private static Optional<Artifact> describe(Path owner, String path) {
    return Reads.record(Layout.artifactDescription(owner, path), Records::artifact)
        .filter(a -> a.path().equals(path));
  }
}
