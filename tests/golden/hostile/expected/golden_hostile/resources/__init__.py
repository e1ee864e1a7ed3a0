"""Resource classes of the Hostile ' " \"\"\" ''' \\ {{ 7*7 }} {% raw %} {# c #} </code><script>alert(1)</script> | ``` 🦦 API\\, one module each (loaded on first use)."""
