"""PO catalogs as translation memory, their byte-stable layout, TMX export."""
