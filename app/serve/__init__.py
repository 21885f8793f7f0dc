"""The serving side: headers, the in-memory cache, the guard and the static export."""
