"""The extraction engine: text → document → tokens → annotations → matches → facts."""
