from pages.parts.theme_page import show

show("help-and-protection")
