"""From a generated docs tree to a published site: writing the tree, the engine (MkDocs or Zensical) and its theme, the swap into place, which folders may be written, locks."""
