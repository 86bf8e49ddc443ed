-- The language a chat channel is told in when an event belongs to no incident (an early-warning signal); an incident's
-- events keep the incident's language. Robots in WeCom, DingTalk and Feishu groups read Chinese unless set otherwise.
ALTER TABLE chat_channels ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
UPDATE chat_channels SET language = 'zh-CN' WHERE kind IN ('wecom', 'dingtalk', 'feishu');
