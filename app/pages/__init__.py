"""What pages the site has: the registry (each kind's path, keys, query, card words, prose),
the site map and the preview cards' words. Below both the loader and the web layer, which
each read it; it reads only app/data and app/config."""
