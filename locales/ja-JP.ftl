# このサイト独自の UI 文字列。テーマの文字列(themes/default/locales/)より優先されます。
built-with = 「Misskey」と「Misskeyサーバー」の違いを説明するサイトです。yomu で作られています。
