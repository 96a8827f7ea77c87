/** A path into a parsed document: mapping keys and sequence indexes. */
export type FieldPath = readonly (string | number)[];

/** A file handed to the core: the adapter reads it, the core never touches the file system. */
export interface SourceFile {
  /** Path relative to the scan root, forward slashes. */
  path: string;
  text: string;
}

/** One YAML document of a file, as a slice of the file's text. */
export interface ManifestDocument {
  path: string;
  /** 0-based index of the document in its file. */
  index: number;
  /** Offset of the document's first character in the file text. */
  offset: number;
  /** 1-based line in the file where the document's text starts. */
  line: number;
  text: string;
}

export type JsonObject = { [key: string]: unknown };

/** A Kubernetes object: a mapping with apiVersion and kind, at `basePath` inside its document. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  value: JsonObject;
  document: ManifestDocument;
  /** Where the object sits in the document: [] for a top-level object, ["items", 3] inside a List. */
  basePath: FieldPath;
}
