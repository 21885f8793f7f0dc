"""Build time, the only writer: the facts-file schema and its checks, the article's
passages, the atomic build and the preview cards."""
