"""Every modal dialog: each a ModalScreen whose dismiss value is the answer the caller gets."""
