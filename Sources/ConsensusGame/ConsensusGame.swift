// The game core: see the files of this folder.
