"""HTTP routes: pages for people, JSON for programs, both calling the same queries."""
