"""Reading a project: which files may be read, strict YAML with positions, front matter, images, schema checks; loading everything into `Inputs`."""
