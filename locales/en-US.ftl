# This site's own UI strings; they take precedence over the theme's
# (themes/default/locales/).
built-with = A site that explains the difference between Misskey and Misskey servers. Built with yomu.
